namespace RadCnn.Host.Hosting;

/// <summary>Process exit codes of `radcnn`, after sysexits.h so service managers can tell causes apart.</summary>
internal static class ExitCodes
{
    /// <summary>EX_CONFIG: a setting or the settings file is wrong.</summary>
    public const int InvalidConfiguration = 78;

    /// <summary>EX_UNAVAILABLE: something the service needs is not there (libtorch cannot load, the DICOM port is taken).</summary>
    public const int Unavailable = 69;

    /// <summary>EX_SOFTWARE: a pipeline stage failed with an unexpected error and the service stopped.</summary>
    public const int Software = 70;
}
