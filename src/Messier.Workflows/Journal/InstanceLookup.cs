using Messier.Workflows.Runtime;

namespace Messier.Workflows.Journal;

/// <summary>Finds an instance by its id or by a unique prefix of it, as operators type shortened ids.</summary>
public static class InstanceLookup
{
    /// <exception cref="EngineException">No instance, or several, match.</exception>
    public static async Task<InstanceRecord> FindAsync(IWorkflowJournal journal, string idOrPrefix, CancellationToken cancellationToken)
    {
        if (await journal.FindInstanceAsync(idOrPrefix, cancellationToken) is { } exact)
        {
            return exact;
        }

        var matches = idOrPrefix.Length >= 3
            ? await journal.FindInstancesByPrefixAsync(idOrPrefix, 5, cancellationToken)
            : [];
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new EngineException($"No instance '{idOrPrefix}' in the journal; 'messier instances list' shows them."),
            _ => throw new EngineException($"'{idOrPrefix}' matches several instances ({string.Join(", ", matches.Select(m => m.Id))}); type more of the id."),
        };
    }
}
