namespace RestcommSmppBridge.Carriers;

/// <summary>What <see cref="CarrierSupervisor.SetPausedAsync"/> did.</summary>
public enum CarrierPauseOutcome
{
    /// <summary>The pause (or its removal) is committed to the store and the carrier's flag follows it.</summary>
    Applied,

    /// <summary>No carrier has the name: nothing was stored or changed.</summary>
    UnknownCarrier,

    /// <summary>The store could not record it (logged as CarrierPauseNotStored): the carrier was left as it was.</summary>
    NotStored,
}
