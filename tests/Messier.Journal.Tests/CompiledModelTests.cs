using Messier.Journal.CompiledModels;
using Messier.Journal.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Messier.Journal.Tests;

/// <summary>
/// The store runs on the compiled model (CompiledModels/, from <c>dotnet ef dbcontext optimize</c>)
/// for a fast cold start; it must say what <c>OnModelCreating</c> says, or a model change would be
/// silently ignored at run time.
/// </summary>
public sealed class CompiledModelTests : IDisposable
{
    private readonly TempJournalFolder _folder = new();

    [Fact]
    public async Task CompiledModelMatchesTheModelBuiltFromOnModelCreating()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        await using var context = await journal.CreateDbContextAsync(CancellationToken.None);

        var built = context.GetService<IDesignTimeModel>().Model;

        Assert.IsType<JournalDbContextModel>(context.Model);
        Assert.IsNotType<JournalDbContextModel>(built);
        Assert.True(
            Describe(built).SequenceEqual(Describe(context.Model)),
            "Run: dotnet ef dbcontext optimize --project src/Messier.Journal --output-dir CompiledModels --namespace Messier.Journal.CompiledModels");
    }

    [Fact]
    public async Task MigrationsMatchTheModel()
    {
        await using var journal = await SqliteWorkflowJournal.OpenAsync(_folder.DatabasePath, CancellationToken.None);
        await using var context = await journal.CreateDbContextAsync(CancellationToken.None);

        Assert.False(context.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add NAME --project src/Messier.Journal");
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>What the store relies on, as lines: tables, columns with their storage, keys, indexes, foreign keys.</summary>
    private static IEnumerable<string> Describe(IModel model)
    {
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            yield return $"table {entity.GetTableName()} <- {entity.ClrType.Name}";
            foreach (var property in entity.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                yield return $"  column {property.GetColumnName()} {property.ClrType.Name} null={property.IsNullable} "
                    + $"converter={property.GetTypeMapping().Converter?.GetType().Name} generated={property.ValueGenerated} token={property.IsConcurrencyToken}";
            }

            foreach (var key in entity.GetKeys())
            {
                yield return $"  key {string.Join(",", key.Properties.Select(p => p.Name))} primary={key.IsPrimaryKey()}";
            }

            foreach (var index in entity.GetIndexes().OrderBy(i => i.GetDatabaseName(), StringComparer.Ordinal))
            {
                yield return $"  index {index.GetDatabaseName()} ({string.Join(",", index.Properties.Select(p => p.Name))}) unique={index.IsUnique}";
            }

            foreach (var foreignKey in entity.GetForeignKeys().OrderBy(f => f.PrincipalEntityType.Name, StringComparer.Ordinal))
            {
                yield return $"  fk ({string.Join(",", foreignKey.Properties.Select(p => p.Name))}) -> {foreignKey.PrincipalEntityType.GetTableName()} on delete {foreignKey.DeleteBehavior}";
            }
        }
    }
}
