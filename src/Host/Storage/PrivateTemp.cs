namespace Lumen.Host.Storage;

/// <summary>
/// The service's temporary files: every one under <c>&lt;data&gt;/tmp</c>, a folder only the service's user can enter
/// (0700) holding files only it can read (0600), never the system's temporary folder. What a kill leaves behind
/// is removed at the next start (<see cref="Clean"/>).
/// </summary>
internal sealed class PrivateTemp(string dataDirectory)
{
    /// <summary>Mode of the data directory and of every temporary folder: the owner only.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Mode of every temporary file: the owner reads and writes.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The folder, <c>&lt;data&gt;/tmp</c>.</summary>
    public string Root { get; } = Path.Combine(Path.GetFullPath(dataDirectory), "tmp");

    /// <summary>A new private folder under <see cref="Root"/>; the caller deletes it.</summary>
    public string NewFolder(string prefix)
    {
        CreatePrivateDirectory(Root);
        string folder = Path.Combine(Root, $"{prefix}-{Guid.NewGuid():N}");
        CreatePrivateDirectory(folder);
        return folder;
    }

    /// <summary>A path for a new file under <see cref="Root"/> (not created yet; create it with <see cref="Create"/>).</summary>
    public string NewFilePath(string prefix, string extension)
    {
        CreatePrivateDirectory(Root);
        return Path.Combine(Root, $"{prefix}-{Guid.NewGuid():N}{extension}");
    }

    /// <summary>Creates <paramref name="path"/> for reading and writing, readable by the owner only; fails if it exists.</summary>
    public static FileStream Create(string path)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return new FileStream(path, options);
    }

    /// <summary>Creates <paramref name="path"/> (and missing parents) for the owner only; an existing folder is made private.</summary>
    public static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, FolderMode);
        File.SetUnixFileMode(path, FolderMode);
    }

    /// <summary>Removes every leftover (and the <c>uploads/</c> folder of earlier versions); called once at start-up.</summary>
    public void Clean()
    {
        foreach (string folder in new[] { Root, Path.Combine(Path.GetDirectoryName(Root)!, "uploads") })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        CreatePrivateDirectory(Root);
    }
}
