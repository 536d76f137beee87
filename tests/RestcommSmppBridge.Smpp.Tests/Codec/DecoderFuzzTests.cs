using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using RestcommSmppBridge.Smpp.Codec;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;

namespace RestcommSmppBridge.Smpp.Tests.Codec;

/// <summary>
/// Feeds a million random and mutated PDUs to the decoder. The only outcomes allowed are a PDU, "need more data" or a
/// typed protocol error; anything else (an unhandled exception, a PDU that does not re-encode stably, a buffer
/// consumed by the wrong amount) fails the test with the input that caused it.
/// </summary>
public sealed class DecoderFuzzTests
{
    private const int Iterations = 1_000_000;

    [Test]
    [CancelAfter(120_000)]
    public void TryDecode_MillionMutatedInputs_OnlyPduNeedMoreDataOrTypedError(CancellationToken cancellationToken)
    {
        List<byte[]> seeds = LoadSeeds();
        var random = new Random(20261126);
        var options = new PduCodecOptions { MaxCommandLength = 4096 };
        var counts = new Dictionary<DecodeStatus, int>();
        var stopwatch = Stopwatch.StartNew();

        for (int i = 0; i < Iterations; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            byte[] input = Mutate(seeds[random.Next(seeds.Count)], seeds, random);
            ReadOnlySequence<byte> buffer = (i & 7) == 0
                ? Hex.Segmented(input, 1 + random.Next(17))
                : new ReadOnlySequence<byte>(input);
            long before = buffer.Length;
            DecodeStatus status;
            Pdu? pdu;
            SmppProtocolException? error;
            try
            {
                status = PduCodec.TryDecode(ref buffer, options, out pdu, out error);
            }
            catch (Exception ex)
            {
                Assert.Fail($"input {Convert.ToHexString(input)} threw {ex}");
                return;
            }

            counts[status] = counts.GetValueOrDefault(status) + 1;
            uint declared = input.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(input) : 0;
            switch (status)
            {
                case DecodeStatus.NeedMoreData:
                    Check(buffer.Length == before, input, "need-more-data consumed octets");
                    break;
                case DecodeStatus.Pdu:
                    Check(pdu is not null && before - buffer.Length == declared, input, "PDU consumed a wrong length");
                    CheckStableReencode(pdu!, input);
                    break;
                default:
                    Check(error is not null && Enum.IsDefined(error.Status), input, "error without a known status");
                    Check(error!.IsFatal ? buffer.Length == before : before - buffer.Length == declared, input,
                        "error consumed a wrong length");
                    break;
            }
        }

        stopwatch.Stop();
        TestContext.Out.WriteLine(
            $"{Iterations:N0} inputs in {stopwatch.Elapsed.TotalSeconds:F1} s: " +
            string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value:N0}")));
        Assert.Multiple(() =>
        {
            Assert.That(counts.Values.Sum(), Is.EqualTo(Iterations));
            Assert.That(counts.GetValueOrDefault(DecodeStatus.Pdu), Is.GreaterThan(Iterations / 20), "mutations still reach PDUs");
            Assert.That(counts.GetValueOrDefault(DecodeStatus.ProtocolError), Is.GreaterThan(Iterations / 20));
            Assert.That(counts.GetValueOrDefault(DecodeStatus.NeedMoreData), Is.GreaterThan(Iterations / 100));
        });
    }

    private static void Check(bool condition, byte[] input, string what)
    {
        if (!condition)
        {
            Assert.Fail($"{what}: {Convert.ToHexString(input)}");
        }
    }

    /// <summary>Whatever decodes must encode, and that encoding must decode back to itself.</summary>
    private static void CheckStableReencode(Pdu pdu, byte[] input)
    {
        byte[] first;
        try
        {
            first = PduCodec.Encode(pdu);
        }
        catch (ArgumentException)
        {
            // Decoding is lenient where encoding is strict (e.g. sm_length 255); refusing to send it is correct.
            return;
        }

        Pdu again = PduCodec.Decode(first, new PduCodecOptions { MaxCommandLength = 1 << 20 });
        byte[] second = PduCodec.Encode(again);
        Check(first.AsSpan().SequenceEqual(second), input, "re-encoding is not stable");
    }

    private static byte[] Mutate(byte[] seed, List<byte[]> seeds, Random random)
    {
        byte[] data = (byte[])seed.Clone();
        switch (random.Next(9))
        {
            case 0:
            {
                // Flip a few bits anywhere (headers included).
                for (int n = random.Next(1, 5); n > 0; n--)
                {
                    int at = random.Next(data.Length);
                    data[at] ^= (byte)(1 << random.Next(8));
                }

                break;
            }

            case 1:
            {
                // Overwrite body octets, keeping the header so the body parser is exercised.
                for (int n = random.Next(1, 6); n > 0 && data.Length > 16; n--)
                {
                    data[random.Next(16, data.Length)] = (byte)random.Next(256);
                }

                break;
            }

            case 2:
                // Truncate the frame but keep the declared length (need more data) or fix it up (short body).
                data = data[..random.Next(data.Length)];
                if (random.Next(2) == 0 && data.Length >= 16)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(data, (uint)data.Length);
                }

                break;
            case 3:
            {
                // Append random octets and declare them part of the PDU (trailing garbage, fake TLVs).
                byte[] extra = new byte[random.Next(1, 24)];
                random.NextBytes(extra);
                data = [.. data, .. extra];
                BinaryPrimitives.WriteUInt32BigEndian(data, (uint)data.Length);
                break;
            }

            case 4:
                // A random command_length.
                BinaryPrimitives.WriteUInt32BigEndian(data, random.Next(4) switch
                {
                    0 => (uint)random.Next(0, 16),
                    1 => (uint)random.Next(16, 64),
                    2 => 0x80000000u + (uint)random.Next(1 << 20),
                    _ => (uint)random.Next(),
                });
                break;
            case 5:
                // A random command_id, sometimes a response bit flip of a real one.
                BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), random.Next(2) == 0
                    ? (uint)random.Next()
                    : BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4)) ^ 0x80000000u);
                break;
            case 6:
            {
                // Entirely random bytes with a plausible header.
                data = new byte[random.Next(0, 300)];
                random.NextBytes(data);
                if (data.Length >= 8 && random.Next(2) == 0)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(data, (uint)data.Length);
                    uint[] ids = [0x04, 0x05, 0x09, 0x21, 0x103, 0x80000004, 0x80000021, 0x02, 0x102];
                    BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), ids[random.Next(ids.Length)]);
                }

                break;
            }

            case 7:
            {
                // Splice the body of one PDU onto the header of another.
                byte[] other = seeds[random.Next(seeds.Count)];
                data = [.. data.AsSpan(0, Math.Min(16, data.Length)), .. other.AsSpan(Math.Min(16, other.Length))];
                if (data.Length >= 4)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(data, (uint)data.Length);
                }

                break;
            }

            default:
            {
                // Remove or duplicate a run of body octets, with the length fixed up.
                if (data.Length > 17)
                {
                    int at = random.Next(16, data.Length);
                    int run = random.Next(1, Math.Min(8, data.Length - at) + 1);
                    data = random.Next(2) == 0
                        ? [.. data.AsSpan(0, at), .. data.AsSpan(at + run)]
                        : [.. data.AsSpan(0, at + run), .. data.AsSpan(at)];
                    BinaryPrimitives.WriteUInt32BigEndian(data, (uint)data.Length);
                }

                break;
            }
        }

        return data;
    }

    private static List<byte[]> LoadSeeds()
    {
        var seeds = GoldenVectors.All().Select(v => Hex.Bytes(v.Hex)).ToList();
        foreach (string file in new[] { "node-smpp.json", "libsmpp34.json" })
        {
            string path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Independent", file);
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            seeds.AddRange(doc.RootElement.EnumerateArray().Select(e => Convert.FromHexString(e.GetProperty("hex").GetString()!)));
        }

        return seeds;
    }
}
