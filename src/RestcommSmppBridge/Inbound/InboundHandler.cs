using RestcommSmppBridge.Carriers;
using RestcommSmppBridge.Receipts;
using RestcommSmppBridge.Smpp.Messages;
using RestcommSmppBridge.Smpp.Pdus;
using RestcommSmppBridge.Smpp.Protocol;
using RestcommSmppBridge.Smpp.Receipts;

namespace RestcommSmppBridge.Inbound;

/// <summary>
/// What the bridge answers to an SMSC's requests (<see cref="ICarrierInboundHandler"/>): receipts go to the
/// <see cref="IDeliveryReceiptSink"/>, whose status is the answer; MO messages go through the
/// <see cref="InboundPipeline"/>, which answers OK only once they are stored; alert_notification has no answer.
/// </summary>
public sealed class InboundHandler : ICarrierInboundHandler
{
    private readonly InboundPipeline _pipeline;
    private readonly IDeliveryReceiptSink? _receipts;
    private readonly ILogger<InboundHandler> _logger;

    /// <summary>
    /// Creates the handler. <paramref name="receiptSinks"/> is the registered receipt handling (the last one wins); with
    /// none, receipts are answered with the temporary error so the SMSC keeps them until a build that matches them runs.
    /// </summary>
    public InboundHandler(InboundPipeline pipeline, IEnumerable<IDeliveryReceiptSink> receiptSinks, ILogger<InboundHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(receiptSinks);
        _pipeline = pipeline;
        _receipts = receiptSinks.LastOrDefault();
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask<SmppResponse?> HandleAsync(CarrierProfile carrier, SmppRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(carrier);
        ArgumentNullException.ThrowIfNull(request);
        CommandStatus status;
        switch (request)
        {
            case DeliverSm deliver:
                status = EsmClass.IsReceipt(deliver.EsmClass)
                    ? await AcceptReceiptAsync(carrier, DeliveryReceiptParser.TryParse(deliver, out DeliveryReceipt? r) ? r : null, cancellationToken)
                        .ConfigureAwait(false)
                    : await _pipeline.AcceptAsync(carrier,
                        InboundAddress.Present(deliver.SourceAddr, deliver.SourceAddrTon, carrier.InboundAddressFormat),
                        InboundAddress.Present(deliver.DestinationAddr, deliver.DestAddrTon, carrier.InboundAddressFormat),
                        InboundUserData.From(deliver, carrier.Text), cancellationToken).ConfigureAwait(false);
                break;

            case DataSm data:
                status = EsmClass.IsReceipt(data.EsmClass)
                    ? await AcceptReceiptAsync(carrier, DeliveryReceiptParser.TryParse(data, out DeliveryReceipt? d) ? d : null, cancellationToken)
                        .ConfigureAwait(false)
                    : await _pipeline.AcceptAsync(carrier,
                        InboundAddress.Present(data.SourceAddr, data.SourceAddrTon, carrier.InboundAddressFormat),
                        InboundAddress.Present(data.DestinationAddr, data.DestAddrTon, carrier.InboundAddressFormat),
                        InboundUserData.From(data, carrier.Text), cancellationToken).ConfigureAwait(false);
                break;

            case AlertNotification:
                return null;

            default:
                // SMPP 3.4 §4.6: an SMSC sends an ESME only deliver_sm, data_sm and alert_notification (the session
                // answers enquire_link and unbind itself).
                status = CommandStatus.InvalidCommandId;
                break;
        }

        return request.CreateResponse(status);
    }

    private async Task<CommandStatus> AcceptReceiptAsync(CarrierProfile carrier, DeliveryReceipt? receipt, CancellationToken cancellationToken)
    {
        if (receipt is null)
        {
            // smpp.md P10: a receipt we cannot read is acknowledged; refusing it would only make the SMSC resend it forever.
            InboundPipeline.Log.ReceiptUnparsed(_logger, carrier.Name);
            return CommandStatus.Ok;
        }

        CommandStatus temporaryError = _pipeline.TemporaryErrorFor(carrier);
        if (_receipts is null)
        {
            InboundPipeline.Log.NoReceiptSink(_logger, carrier.Name, (uint)temporaryError);
            return temporaryError;
        }

        try
        {
            return await _receipts.AcceptAsync(carrier, receipt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            InboundPipeline.Log.ReceiptFailed(_logger, carrier.Name, (uint)temporaryError, ex);
            return temporaryError;
        }
    }
}
