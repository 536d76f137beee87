namespace RestcommSmppBridge.Smpp.Session;

/// <summary>SMPP 3.4 session states (§2.2), plus the local unbinding step.</summary>
public enum SessionState
{
    /// <summary>OPEN: connected, not bound.</summary>
    Open,

    /// <summary>BOUND_TX: bound as transmitter.</summary>
    BoundTransmitter,

    /// <summary>BOUND_RX: bound as receiver.</summary>
    BoundReceiver,

    /// <summary>BOUND_TRX: bound as transceiver.</summary>
    BoundTransceiver,

    /// <summary>An unbind was sent or received; no new requests are taken.</summary>
    Unbinding,

    /// <summary>CLOSED: the connection is gone.</summary>
    Closed,
}

/// <summary>Which side of the protocol a session plays.</summary>
public enum SessionRole
{
    /// <summary>External Short Messaging Entity: binds, submits, receives deliver_sm. What the bridge is.</summary>
    Esme,

    /// <summary>Short Message Service Centre: accepts binds, answers submits, delivers. What the simulator is.</summary>
    Smsc,
}

/// <summary>The kinds of bind (SMPP 3.4 §4.1).</summary>
public enum BindType
{
    /// <summary>bind_transmitter: submit only.</summary>
    Transmitter,

    /// <summary>bind_receiver: receive only.</summary>
    Receiver,

    /// <summary>bind_transceiver: both on one connection.</summary>
    Transceiver,
}
