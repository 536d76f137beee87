using RestcommSmppBridge.Smpp.Receipts;

namespace RestcommSmppBridge.Smpp.Tests.Receipts;

[TestFixture]
public sealed class MessageStateTests
{
    [TestCase("DELIVRD", MessageState.Delivered)]
    [TestCase("EXPIRED", MessageState.Expired)]
    [TestCase("DELETED", MessageState.Deleted)]
    [TestCase("UNDELIV", MessageState.Undeliverable)]
    [TestCase("ACCEPTD", MessageState.Accepted)]
    [TestCase("UNKNOWN", MessageState.Unknown)]
    [TestCase("REJECTD", MessageState.Rejected)]
    [TestCase("ENROUTE", MessageState.Enroute)]
    [TestCase("delivrd", MessageState.Delivered)]
    [TestCase("Undeliv", MessageState.Undeliverable)]
    [TestCase(" DELIVRD ", MessageState.Delivered)]
    [TestCase("ACKED", MessageState.Enroute)]
    [TestCase("BUFFRED", MessageState.Enroute)]
    [TestCase("BUFFERD", MessageState.Enroute)]
    [TestCase("DELIVERED", MessageState.Delivered)]
    [TestCase("UNDELIVERABLE", MessageState.Undeliverable)]
    [TestCase("REJECTED", MessageState.Rejected)]
    [TestCase("ACCEPTED", MessageState.Accepted)]
    [TestCase("SCHEDLD", MessageState.Scheduled)]
    [TestCase("SKIPPED", MessageState.Skipped)]
    [TestCase("FOOBAR", MessageState.Unknown)]
    [TestCase("", MessageState.Unknown)]
    public void FromStatWord_Word_MapsToState(string word, MessageState expected)
    {
        Assert.That(MessageStateExtensions.FromStatWord(word), Is.EqualTo(expected));
    }

    [TestCase(MessageState.Scheduled, false)]
    [TestCase(MessageState.Enroute, false)]
    [TestCase(MessageState.Delivered, true)]
    [TestCase(MessageState.Expired, true)]
    [TestCase(MessageState.Deleted, true)]
    [TestCase(MessageState.Undeliverable, true)]
    [TestCase(MessageState.Accepted, true)]
    [TestCase(MessageState.Unknown, true)]
    [TestCase(MessageState.Rejected, true)]
    [TestCase(MessageState.Skipped, true)]
    public void IsFinal_SpecDefault_MatchesSpecTable(MessageState state, bool expected)
    {
        Assert.That(state.IsFinal(), Is.EqualTo(expected));
    }

    [Test]
    public void IsFinal_AcceptedWithKannelSemantics_IsIntermediate()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MessageState.Accepted.IsFinal(acceptedIsFinal: false), Is.False);
            Assert.That(MessageState.Delivered.IsFinal(acceptedIsFinal: false), Is.True);
        }
    }

    [TestCase(MessageState.Delivered)]
    [TestCase(MessageState.Undeliverable)]
    [TestCase(MessageState.Accepted)]
    [TestCase(MessageState.Rejected)]
    [TestCase(MessageState.Enroute)]
    [TestCase(MessageState.Expired)]
    [TestCase(MessageState.Deleted)]
    [TestCase(MessageState.Unknown)]
    [TestCase(MessageState.Scheduled)]
    [TestCase(MessageState.Skipped)]
    public void ToStatWord_EveryState_RoundTripsThroughFromStatWord(MessageState state)
    {
        string word = state.ToStatWord();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(word, Has.Length.EqualTo(7));
            Assert.That(MessageStateExtensions.FromStatWord(word), Is.EqualTo(state));
        }
    }

    [Test]
    public void Values_MatchSpecNumbering()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That((byte)MessageState.Scheduled, Is.EqualTo(0));
            Assert.That((byte)MessageState.Enroute, Is.EqualTo(1));
            Assert.That((byte)MessageState.Delivered, Is.EqualTo(2));
            Assert.That((byte)MessageState.Undeliverable, Is.EqualTo(5));
            Assert.That((byte)MessageState.Accepted, Is.EqualTo(6));
            Assert.That((byte)MessageState.Rejected, Is.EqualTo(8));
            Assert.That((byte)MessageState.Skipped, Is.EqualTo(9));
        }
    }
}
