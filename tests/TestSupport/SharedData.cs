using Xunit;

namespace Lumen.TestSupport;

/// <summary>
/// Locates <c>../shared</c> (the read-only reference data beside the repository). Tests that need it use
/// <see cref="SharedDataFactAttribute"/> or <see cref="SharedDataTheoryAttribute"/>: they skip with a message when the
/// folder is absent, and run (and so fail) when the environment variable <c>CI</c> is set.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> s_root = new(FindRoot);

    /// <summary>The shared folder, or null when it cannot be found.</summary>
    public static string? Root => s_root.Value;

    /// <summary>True when running under CI (the <c>CI</c> environment variable is set).</summary>
    public static bool InCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>The repository root (the folder holding <c>Lumen.slnx</c>).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Full path of <paramref name="relative"/> inside the shared folder; throws when the folder is absent.</summary>
    public static string PathOf(string relative)
    {
        string root = Root ?? throw new DirectoryNotFoundException(
            "../shared is absent: set LUMEN_SHARED or place the shared folder beside the repository (required when CI is set).");
        return Path.Combine(root, relative);
    }

    /// <summary>The skip message when shared data is missing outside CI; null when the test should run.</summary>
    internal static string? SkipReason(string relative)
    {
        if (InCi)
        {
            return null;
        }

        string? root = Root;
        if (root is null)
        {
            return "skipped: ../shared (reference data) is absent; under CI this test fails instead";
        }

        string path = Path.Combine(root, relative);
        return File.Exists(path) || Directory.Exists(path) ? null : $"skipped: {path} is absent; under CI this test fails instead";
    }

    private static string? FindRoot()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("LUMEN_SHARED");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return Directory.Exists(fromEnv) ? fromEnv : null;
        }

        string candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lumen.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"Lumen.slnx not found above {AppContext.BaseDirectory}");
    }
}

/// <summary>A fact that needs a file or folder under <c>../shared</c> (see <see cref="SharedData"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute for data at <paramref name="relativePath"/> inside the shared folder.</summary>
    public SharedDataFactAttribute(string relativePath)
    {
        Skip = SharedData.SkipReason(relativePath);
    }
}

/// <summary>A theory that needs a file or folder under <c>../shared</c> (see <see cref="SharedData"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute for data at <paramref name="relativePath"/> inside the shared folder.</summary>
    public SharedDataTheoryAttribute(string relativePath)
    {
        Skip = SharedData.SkipReason(relativePath);
    }
}
