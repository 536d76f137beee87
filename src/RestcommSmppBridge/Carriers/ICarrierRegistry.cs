namespace RestcommSmppBridge.Carriers;

/// <summary>The configured carriers and how their binds are doing (implemented by <see cref="CarrierSupervisor"/>).</summary>
public interface ICarrierRegistry
{
    /// <summary>Every configured carrier, enabled or not, in configuration order.</summary>
    IReadOnlyList<CarrierProfile> Carriers { get; }

    /// <summary>The carrier called <paramref name="name"/> (case-insensitive), or null.</summary>
    CarrierProfile? Find(string name);

    /// <summary>True when carrier <paramref name="name"/> has at least one bound bind.</summary>
    bool IsBound(string name);

    /// <summary>A snapshot of every carrier, in configuration order.</summary>
    IReadOnlyList<CarrierState> GetStates();
}
