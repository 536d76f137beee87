using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using RestcommSmppBridge.Api;

namespace RestcommSmppBridge.Tests.Api;

/// <summary>
/// <see cref="UrlEncodedForm"/>: which Content-Type it takes and with which charset, and the pairs it reads (the same
/// pairs the framework's reader gives, escapes decoded with the charset, the framework's limits). The API behaviour
/// on a real Kestrel is in <see cref="SmsMessagesApiTests"/>.
/// </summary>
[TestFixture]
public sealed class UrlEncodedFormTests
{
    [TestCase("application/x-www-form-urlencoded", "utf-8")]
    [TestCase("  Application/X-WWW-Form-UrlEncoded  ", "utf-8")]
    [TestCase("application/x-www-form-urlencoded; charset=utf-8", "utf-8")]
    [TestCase("application/x-www-form-urlencoded;charset=US-ASCII", "utf-8")]
    [TestCase("application/x-www-form-urlencoded; charset=ISO-8859-1", "iso-8859-1")]
    [TestCase("application/x-www-form-urlencoded ; foo=bar; charset = \"latin1\"", "iso-8859-1")]
    [TestCase("application/x-www-form-urlencoded; charset=utf-16", "utf-8")]
    public void IsUrlEncoded_TheFormAndItsCharset(string contentType, string charset)
    {
        bool urlEncoded = UrlEncodedForm.IsUrlEncoded(new StringValues(contentType), out Encoding encoding);

        Assert.Multiple(() =>
        {
            Assert.That(urlEncoded, Is.True);
            Assert.That(encoding.WebName, Is.EqualTo(charset));
        });
    }

    [TestCase("application/x-www-form-urlencodedx")]
    [TestCase("multipart/form-data; boundary=x")]
    [TestCase("application/json")]
    [TestCase("")]
    public void IsUrlEncoded_OtherTypes_False(string contentType)
    {
        Assert.That(UrlEncodedForm.IsUrlEncoded(new StringValues(contentType), out _), Is.False);
    }

    [Test]
    public void IsUrlEncoded_NoneOrTwoHeaderValues_False()
    {
        Assert.Multiple(() =>
        {
            Assert.That(UrlEncodedForm.IsUrlEncoded(StringValues.Empty, out _), Is.False);
            Assert.That(UrlEncodedForm.IsUrlEncoded(new StringValues(["application/x-www-form-urlencoded", "text/plain"]), out _), Is.False);
        });
    }

    [Test]
    public void Parse_PairsAsTheFrameworkGivesThem()
    {
        // Empty pairs skipped, a name without '=' has an empty value, names case-insensitive, a repeated name keeps
        // both values in order, '+' is a space, a '%' without two hex digits stays as it is.
        IFormCollection form = UrlEncodedForm.Parse(
            "&a=1&&B=x+y&flag&A=2&pct=100%25+%zz%4&empty=&=nameless"u8, Encoding.UTF8);

        Assert.Multiple(() =>
        {
            Assert.That(form.Keys, Is.EquivalentTo(new[] { "a", "B", "flag", "pct", "empty", string.Empty }));
            Assert.That(form["A"].ToArray(), Is.EqualTo(new[] { "1", "2" }));
            Assert.That(form["b"].ToString(), Is.EqualTo("x y"));
            Assert.That(form["flag"].ToString(), Is.Empty);
            Assert.That(form["pct"].ToString(), Is.EqualTo("100% %zz%4"));
            Assert.That(form["empty"].ToString(), Is.Empty);
            Assert.That(form[string.Empty].ToString(), Is.EqualTo("nameless"));
        });
    }

    [Test]
    public void Parse_EscapesDecodedWithTheCharset()
    {
        Assert.Multiple(() =>
        {
            Assert.That(UrlEncodedForm.Parse("b=caf%C3%A9+%F0%9F%98%80"u8, Encoding.UTF8)["b"].ToString(), Is.EqualTo("café 😀"));
            Assert.That(UrlEncodedForm.Parse("b=caf%E9"u8, Encoding.Latin1)["b"].ToString(), Is.EqualTo("café"));
            Assert.That(UrlEncodedForm.Parse("b=caf%E9"u8, Encoding.UTF8)["b"].ToString(), Is.EqualTo("caf\uFFFD"), "not UTF-8: replaced");
            Assert.That(UrlEncodedForm.Parse([(byte)'b', (byte)'=', 0xE9], Encoding.Latin1)["b"].ToString(), Is.EqualTo("é"), "an unescaped octet too");
        });
    }

    [Test]
    public void Parse_TheApisParameterNames_KeptAsWrittenOthersDecoded()
    {
        IFormCollection form = UrlEncodedForm.Parse("From=a&to=b&Bo%64y=c&StatusCallback=d&Other=e"u8, Encoding.UTF8);
        string[] keys = [.. form.Keys];

        Assert.Multiple(() =>
        {
            Assert.That(keys, Is.EqualTo(new[] { "From", "to", "Body", "StatusCallback", "Other" }), "names as the form spells them, escapes decoded");
            Assert.That(keys[0], Is.SameAs(SendSmsRequest.Parameters[0]), "From: the API's own string, not a new one");
            Assert.That(keys[3], Is.SameAs(SendSmsRequest.Parameters[3]));
            Assert.That(form["From"].ToString(), Is.EqualTo("a"));
            Assert.That(form["To"].ToString(), Is.EqualTo("b"), "names still match in any case");
            Assert.That(form["Body"].ToString(), Is.EqualTo("c"));
        });
    }

    [Test]
    public void Parse_LongValueOverTheStackBuffer_DecodedWhole()
    {
        string text = new('é', 600);
        byte[] body = Encoding.ASCII.GetBytes("Body=" + Uri.EscapeDataString(text));

        Assert.That(UrlEncodedForm.Parse(body, Encoding.UTF8)["Body"].ToString(), Is.EqualTo(text));
    }

    [Test]
    public void Parse_BodyInSeveralSegments_SameAsOne()
    {
        byte[] whole = Encoding.ASCII.GetBytes("From=%2B15550001111&Body=caf%C3%A9");
        BufferSegment first = new(whole.AsMemory(0, 22));
        BufferSegment last = first.Append(whole.AsMemory(22));

        IFormCollection form = UrlEncodedForm.Parse(new System.Buffers.ReadOnlySequence<byte>(first, 0, last, last.Memory.Length), Encoding.UTF8);

        Assert.That(form["Body"].ToString(), Is.EqualTo("café"));
    }

    [Test]
    public async Task ReadAsync_BodyInTwoWrites_ReadsTheWholeForm()
    {
        Pipe pipe = new();
        ValueTask<IFormCollection> reading = UrlEncodedForm.ReadAsync(pipe.Reader, Encoding.UTF8, CancellationToken.None);
        await pipe.Writer.WriteAsync("From=%2B1555&Bo"u8.ToArray());
        await pipe.Writer.WriteAsync("dy=caf%C3%A9"u8.ToArray());
        await pipe.Writer.CompleteAsync();

        IFormCollection form = await reading;

        Assert.That(form["Body"].ToString(), Is.EqualTo("café"));
    }

    [Test]
    public async Task ReadAsync_PendingReadCancelled_ThrowsRatherThanParsingPartOfTheBody()
    {
        Pipe pipe = new();
        await pipe.Writer.WriteAsync("From=%2B1555&Body=par"u8.ToArray());
        ValueTask<IFormCollection> reading = UrlEncodedForm.ReadAsync(pipe.Reader, Encoding.UTF8, CancellationToken.None);

        pipe.Reader.CancelPendingRead();

        Assert.That(async () => await reading, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Parse_TooManyPairsOrTooLongAName_InvalidData()
    {
        byte[] many = Encoding.ASCII.GetBytes(string.Join('&', Enumerable.Range(0, UrlEncodedForm.ValueCountLimit + 1).Select(i => $"X-{i}=v")));
        byte[] longName = Encoding.ASCII.GetBytes(new string('n', UrlEncodedForm.KeyLengthLimit + 1) + "=v");

        Assert.Multiple(() =>
        {
            Assert.That(() => UrlEncodedForm.Parse(many, Encoding.UTF8), Throws.TypeOf<InvalidDataException>());
            Assert.That(() => UrlEncodedForm.Parse(longName, Encoding.UTF8), Throws.TypeOf<InvalidDataException>());
            Assert.That(UrlEncodedForm.Parse(many.AsSpan(0, many.Length - "&X-1024=v".Length), Encoding.UTF8), Has.Count.EqualTo(UrlEncodedForm.ValueCountLimit));
        });
    }

    /// <summary>A segment of a multi-segment body.</summary>
    private sealed class BufferSegment : System.Buffers.ReadOnlySequenceSegment<byte>
    {
        public BufferSegment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public BufferSegment Append(ReadOnlyMemory<byte> memory)
        {
            BufferSegment next = new(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
