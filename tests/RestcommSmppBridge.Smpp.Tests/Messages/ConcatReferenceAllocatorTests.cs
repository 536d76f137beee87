using RestcommSmppBridge.Smpp.Messages;

namespace RestcommSmppBridge.Smpp.Tests.Messages;

[TestFixture]
public sealed class ConcatReferenceAllocatorTests
{
    private const string Handset = "447700900001";
    private const string OtherHandset = "447700900002";

    [Test]
    public void NextReference8_256Consecutive_AllDistinctThenWraps()
    {
        var allocator = new ConcatReferenceAllocator();
        var seen = new HashSet<byte>();
        byte first = allocator.NextReference8(Handset);
        seen.Add(first);
        for (int i = 1; i < 256; i++)
        {
            seen.Add(allocator.NextReference8(Handset));
        }

        Assert.That(seen, Has.Count.EqualTo(256));
        Assert.That(allocator.NextReference8(Handset), Is.EqualTo(first));
    }

    [Test]
    public void NextReference16_65536Consecutive_AllDistinctThenWraps()
    {
        var allocator = new ConcatReferenceAllocator();
        var seen = new HashSet<ushort>();
        ushort first = allocator.NextReference16(Handset);
        seen.Add(first);
        for (int i = 1; i < 65536; i++)
        {
            seen.Add(allocator.NextReference16(Handset));
        }

        Assert.That(seen, Has.Count.EqualTo(65536));
        Assert.That(allocator.NextReference16(Handset), Is.EqualTo(first));
    }

    [Test]
    public void NextReference_OtherDestinationInBetween_DoesNotDisturbSequence()
    {
        var allocator = new ConcatReferenceAllocator(ConcatReferenceAllocator.DefaultBucketCount, seed: 3);
        Assert.That(allocator.BucketOf(Handset), Is.Not.EqualTo(allocator.BucketOf(OtherHandset)), "precondition");

        byte a1 = allocator.NextReference8(Handset);
        for (int i = 0; i < 10; i++)
        {
            allocator.NextReference8(OtherHandset);
        }

        byte a2 = allocator.NextReference8(Handset);

        Assert.That(a2, Is.EqualTo((byte)(a1 + 1)));
    }

    [Test]
    public void NextReference_SharedBucket_StillDistinctForEachDestination()
    {
        // One bucket: every destination shares the counter, yet no destination sees a repeat.
        var allocator = new ConcatReferenceAllocator(1, seed: 3);

        byte a1 = allocator.NextReference8(Handset);
        byte b1 = allocator.NextReference8(OtherHandset);
        byte a2 = allocator.NextReference8(Handset);

        Assert.That(a2, Is.Not.EqualTo(a1));
        Assert.That(b1, Is.Not.EqualTo(a1));
    }

    [Test]
    public void NextReference_ModeSelectsWidth()
    {
        var allocator = new ConcatReferenceAllocator(ConcatReferenceAllocator.DefaultBucketCount, seed: 11);
        var probe = new ConcatReferenceAllocator(ConcatReferenceAllocator.DefaultBucketCount, seed: 11);

        ushort eight = allocator.NextReference(Handset, LongMessageMode.UdhConcat8);
        ushort sixteen = allocator.NextReference(Handset, LongMessageMode.UdhConcat16);

        Assert.That(eight, Is.LessThanOrEqualTo(byte.MaxValue));
        Assert.That(eight, Is.EqualTo(probe.NextReference8(Handset)));
        Assert.That(sixteen, Is.EqualTo(probe.NextReference16(Handset)));
    }

    [Test]
    public void NextReference_SameSeed_Reproducible()
    {
        var a = new ConcatReferenceAllocator(64, seed: 99);
        var b = new ConcatReferenceAllocator(64, seed: 99);

        Assert.That(a.NextReference16(Handset), Is.EqualTo(b.NextReference16(Handset)));
    }

    [Test]
    public async Task NextReference_Concurrent_NoReferenceHandedOutTwice()
    {
        var allocator = new ConcatReferenceAllocator();
        var results = new ushort[4][];
        var tasks = new Task[4];
        for (int t = 0; t < tasks.Length; t++)
        {
            int slot = t;
            tasks[t] = Task.Run(() =>
            {
                var mine = new ushort[5000];
                for (int i = 0; i < mine.Length; i++)
                {
                    mine[i] = allocator.NextReference16(Handset);
                }

                results[slot] = mine;
            });
        }

        await Task.WhenAll(tasks);

        var all = new HashSet<ushort>();
        foreach (ushort[] chunk in results)
        {
            all.UnionWith(chunk);
        }

        Assert.That(all, Has.Count.EqualTo(20000));
    }

    [TestCase(0)]
    [TestCase(3)]
    [TestCase(-4)]
    [TestCase((1 << 20) * 2)]
    public void Constructor_BadBucketCount_Throws(int buckets)
    {
        Assert.That(() => new ConcatReferenceAllocator(buckets), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
