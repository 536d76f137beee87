namespace RestcommSmppBridge.Smpp.Messages;

/// <summary>What <see cref="Reassembler.Add"/> did with a part.</summary>
public enum ReassemblyStatus
{
    /// <summary>The part was stored; the message still misses parts.</summary>
    Incomplete,

    /// <summary>The part completed the message; <see cref="ReassemblyResult.Payload"/> holds it.</summary>
    Complete,

    /// <summary>The part was already received (for a pending or a just-completed message) and was ignored.</summary>
    Duplicate,

    /// <summary>The part was rejected: total 0, sequence 0 or above total, or larger than the byte budget.</summary>
    Invalid,
}
