namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>Why <see cref="MessageSplitter"/> could not split a payload.</summary>
public enum SplitError
{
    /// <summary>No error: the split succeeded.</summary>
    None,

    /// <summary>The payload needs more than 255 parts, the most a concatenation IE or SAR TLV can number.</summary>
    TooManyParts,

    /// <summary>In <see cref="LongMessageMode.MessagePayload"/> mode the payload exceeds the 65,535-octet TLV limit.</summary>
    PayloadTooLarge,
}
