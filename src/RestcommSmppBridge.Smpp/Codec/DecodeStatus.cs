namespace RestcommSmppBridge.Smpp.Codec;

/// <summary>Outcome of <see cref="PduCodec.TryDecode"/>.</summary>
public enum DecodeStatus
{
    /// <summary>A PDU was decoded and consumed from the buffer.</summary>
    Pdu,

    /// <summary>The buffer holds less than one whole PDU; nothing was consumed.</summary>
    NeedMoreData,

    /// <summary>
    /// The PDU broke the protocol. When the error is fatal (bad command_length) nothing was consumed and the connection
    /// must close; otherwise the whole frame was consumed and the session answers with the error's status.
    /// </summary>
    ProtocolError,
}
