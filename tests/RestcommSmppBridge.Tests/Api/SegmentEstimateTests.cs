using RestcommSmppBridge.Api;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Text;

namespace RestcommSmppBridge.Tests.Api;

/// <summary>
/// <c>num_segments</c> of a queued message is counted from a stack buffer; it must give what encoding the text with
/// <see cref="SmppText.Encode"/> and counting its parts gives, at every boundary (GSM 160/153 septets with extension
/// characters across a part boundary, UCS-2 70/67 units with surrogate pairs across one, the API's 1,600 characters).
/// </summary>
[TestFixture]
public sealed class SegmentEstimateTests
{
    private static readonly string[] s_bodies =
    [
        "",
        "Your code is 123456.",
        new('a', 160),
        new('a', 161),
        new string('a', 159) + "€",
        new string('a', 152) + "€" + new string('a', 10),
        new('a', 1600),
        new('€', 800),
        new('é', 300),
        "Grüße 😀",
        new('ж', 70),
        new('ж', 71),
        string.Concat(Enumerable.Repeat("😀", 34)) + "ж",
        new string('ж', 66) + "😀" + new string('ж', 10),
        string.Concat(Enumerable.Repeat("😀", 800)),
    ];

    [Test]
    public void EstimateSegments_EveryBoundary_SameAsEncodingTheText([ValueSource(nameof(s_bodies))] string body, [Values] bool forceUcs2)
    {
        int expected = 1;
        if (body.Length > 0)
        {
            EncodedText encoded = SmppText.Encode(body, TextOptions.Default, forceUcs2 ? TextEncodingPreference.Ucs2 : TextEncodingPreference.Auto);
            expected = MessageSplitter.CountParts(encoded.Bytes, encoded.Kind == TextKind.Ucs2 ? PayloadKind.Ucs2 : PayloadKind.Gsm7Septets,
                LongMessageMode.UdhConcat8);
        }

        Assert.That(SmsMessageRepresentation.EstimateSegments(body, forceUcs2), Is.EqualTo(expected));
    }
}
