using Messier.Workflows.Journal;
using Microsoft.AspNetCore.Http;

namespace Messier.Studio.Api;

/// <summary>Finds an instance by id or unique prefix (as the CLI does), or says why not as a 404 or 400.</summary>
internal static class InstanceResolver
{
    public static async Task<(InstanceRecord? Record, IResult? Problem)> ResolveAsync(IWorkflowJournal journal, string idOrPrefix, CancellationToken cancellationToken)
    {
        if (await journal.FindInstanceAsync(idOrPrefix, cancellationToken) is { } exact)
        {
            return (exact, null);
        }

        var matches = idOrPrefix.Length >= 3 ? await journal.FindInstancesByPrefixAsync(idOrPrefix, 5, cancellationToken) : [];
        return matches.Count switch
        {
            1 => (matches[0], null),
            0 => (null, Problems.Of(StatusCodes.Status404NotFound, $"No instance '{idOrPrefix}' in the journal.")),
            _ => (null, Problems.Of(StatusCodes.Status400BadRequest, $"'{idOrPrefix}' matches several instances ({string.Join(", ", matches.Select(m => m.Id))}); type more of the id.")),
        };
    }
}
