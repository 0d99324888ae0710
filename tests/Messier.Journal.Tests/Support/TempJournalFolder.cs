namespace Messier.Journal.Tests.Support;

/// <summary>A fresh folder per test holding real SQLite files; removed with everything in it afterwards.</summary>
public sealed class TempJournalFolder : IDisposable
{
    public TempJournalFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "messier-journal-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string DatabasePath => File("journal.db");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere only leaves litter in the temp folder.
        }
    }
}
