namespace RestcommSmppBridge.Smpp.Text;

/// <summary>GSM 03.38 §4 message class carried by a GSM data coding group.</summary>
public enum MessageClass
{
    /// <summary>No message class given.</summary>
    None,

    /// <summary>Class 0: shown immediately, not stored ("flash SMS").</summary>
    Class0,

    /// <summary>Class 1: ME specific (default storage on the handset).</summary>
    Class1,

    /// <summary>Class 2: SIM specific.</summary>
    Class2,

    /// <summary>Class 3: TE specific.</summary>
    Class3,
}
