namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>
/// Identifies one long message being reassembled (smpp.md §10). The total is part of the key because a sender that
/// reuses a reference for a message of another length must not get its parts mixed in.
/// </summary>
/// <param name="CarrierId">The carrier or bind the parts came from (references are only unique per sender).</param>
/// <param name="SourceAddress">The <c>source_addr</c> of the parts.</param>
/// <param name="DestinationAddress">The <c>destination_addr</c> of the parts.</param>
/// <param name="Reference">The concatenation reference.</param>
/// <param name="Total">Parts in the message.</param>
public readonly record struct ReassemblyKey(string CarrierId, string SourceAddress, string DestinationAddress,
    ushort Reference, byte Total);
