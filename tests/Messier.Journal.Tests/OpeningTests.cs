using Messier.Journal.Tests.Support;

namespace Messier.Journal.Tests;

public sealed class OpeningTests : IDisposable
{
    private readonly TempJournalFolder _folder = new();

    [Fact]
    public async Task FileThatIsNotADatabaseIsUnavailableWithItsPathNamed()
    {
        var path = _folder.File("garbage.db");
        await File.WriteAllBytesAsync(path, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 37 % 251))]);

        var error = await Assert.ThrowsAsync<JournalUnavailableException>(() => SqliteWorkflowJournal.OpenAsync(path, CancellationToken.None));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.DatabasePath);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task PathUnderARegularFileIsUnavailableWithItsPathNamed()
    {
        var notAFolder = _folder.File("plain-file");
        await File.WriteAllTextAsync(notAFolder, "not a folder");
        var path = Path.Combine(notAFolder, "journal.db");

        var error = await Assert.ThrowsAsync<JournalUnavailableException>(() => SqliteWorkflowJournal.OpenAsync(path, CancellationToken.None));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RelativePathIsResolvedToAFullPath()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, _folder.DatabasePath);

        await using var journal = await SqliteWorkflowJournal.OpenAsync(relative, CancellationToken.None);

        Assert.Equal(_folder.DatabasePath, journal.DatabasePath);
        Assert.True(File.Exists(_folder.DatabasePath));
    }

    [Fact]
    public async Task DisposedJournalRefusesWork()
    {
        var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        await journal.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => journal.FindInstanceAsync("i-1", CancellationToken.None));
    }

    public void Dispose() => _folder.Dispose();
}
