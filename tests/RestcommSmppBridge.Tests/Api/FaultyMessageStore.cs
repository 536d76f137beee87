using Microsoft.Extensions.DependencyInjection;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Api;

/// <summary>
/// The real message store, except that inserting a message whose body is <see cref="PoisonBody"/> throws: the only
/// way to make a real store fail on demand, to check the API's 500 path.
/// </summary>
internal sealed class FaultyMessageStore(IMessageStore inner) : IMessageStore
{
    public const string PoisonBody = "poison";

    public const string ExceptionText = "disk on fire at /var/lib/secret/path";

    /// <summary>Replaces the registered <see cref="IMessageStore"/> with this wrapper around it.</summary>
    public static void Install(IServiceCollection services)
    {
        ServiceDescriptor original = services.Last(d => d.ServiceType == typeof(IMessageStore));
        services.Remove(original);
        services.AddSingleton<IMessageStore>(provider =>
            new FaultyMessageStore((IMessageStore)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!)));
    }

    public Task InsertAsync(SmsMessage message, CancellationToken cancellationToken) =>
        message.Body == PoisonBody ? throw new InvalidOperationException(ExceptionText) : inner.InsertAsync(message, cancellationToken);

    public Task<SmsMessage?> GetAsync(string accountSid, string sid, CancellationToken cancellationToken) =>
        inner.GetAsync(accountSid, sid, cancellationToken);

    public Task<MessagePage> ListAsync(string accountSid, MessageQuery query, CancellationToken cancellationToken) =>
        inner.ListAsync(accountSid, query, cancellationToken);

    public Task<bool> UpdateStatusAsync(MessageStatusUpdate update, CancellationToken cancellationToken) =>
        inner.UpdateStatusAsync(update, cancellationToken);

    public Task<bool> RecordCarrierMessageIdAsync(string messageSid, int segmentIndex, string carrier, string carrierMessageId, CancellationToken cancellationToken) =>
        inner.RecordCarrierMessageIdAsync(messageSid, segmentIndex, carrier, carrierMessageId, cancellationToken);

    public Task<CarrierMessageMatch?> FindByCarrierMessageIdAsync(string carrier, string carrierMessageId, CancellationToken cancellationToken) =>
        inner.FindByCarrierMessageIdAsync(carrier, carrierMessageId, cancellationToken);

    public Task<int> DeleteEndedAsync(string accountSid, DateTimeOffset createdBefore, int max, CancellationToken cancellationToken) =>
        inner.DeleteEndedAsync(accountSid, createdBefore, max, cancellationToken);
}
