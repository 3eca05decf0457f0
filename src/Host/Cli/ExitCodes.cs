namespace Lumen.Host.Cli;

/// <summary>Process exit codes of the <c>lumen</c> command.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The input is invalid (validation or parse errors were printed).</summary>
    public const int InvalidInput = 1;

    /// <summary>The command line itself is wrong (unknown verb or option, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>The store is held by another process (e.g. <c>lumen serve</c> on the same data folder) or cannot be opened.</summary>
    public const int StoreUnavailable = 3;
}
