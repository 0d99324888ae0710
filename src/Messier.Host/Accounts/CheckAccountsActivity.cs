using System.Text.Json.Nodes;
using Messier.Host.Common;
using Messier.Workflows.Activities.Contracts;
using Messier.Workflows.Activities.Descriptors;
using Messier.Workflows.Definitions;

namespace Messier.Host.Accounts;

/// <summary>
/// Checks, read-only, that users and groups a flow will use exist, so a flow can refuse a typo in
/// its inputs before its first change instead of halfway through a migration. Every unknown name
/// is listed at once: fixing them one failed run at a time is what this step is for avoiding.
/// </summary>
public sealed class CheckAccountsActivity : IStepActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "CheckAccounts",
        ActivityCategory.Host,
        "Checks, without changing anything, that users and groups exist on this host (names resolved with getent, so NSS/LDAP accounts count; a purely numeric value is taken as an id as it is). Any unknown name fails the step (no retry) listing every unknown user and group at once. Outputs: users (object: name → uid), groups (object: name → gid).",
        [
            PropertyDescriptor.Value("users", DataType.Array, "User names or numeric uids.") with { ItemType = DataType.String, Default = new JsonArray() },
            PropertyDescriptor.Value("groups", DataType.Array, "Group names or numeric gids.") with { ItemType = DataType.String, Default = new JsonArray() },
        ],
        [ActivityDescriptor.Done]);

    public async Task<Observation> ObserveAsync(StepContext context, CancellationToken cancellationToken)
    {
        var users = await ResolveAllAsync(context, context.Inputs.GetStringList("users"), UnixAccounts.FindUserAsync, cancellationToken);
        var groups = await ResolveAllAsync(context, context.Inputs.GetStringList("groups"), UnixAccounts.FindGroupAsync, cancellationToken);
        var unknown = users.Unknown.Select(name => $"user '{Printable.Show(name)}'")
            .Concat(groups.Unknown.Select(name => $"group '{Printable.Show(name)}'"))
            .ToList();
        if (unknown.Count > 0)
        {
            throw new StepFailedException($"{unknown.Count} {(unknown.Count == 1 ? "account does" : "accounts do")} not exist on this host: {string.Join(", ", unknown)}. Create them, or correct the flow's inputs.") { Retryable = false };
        }

        return Observation.Done(
            $"{users.Ids.Count} users and {groups.Ids.Count} groups exist",
            new JsonObject { ["users"] = users.Ids, ["groups"] = groups.Ids });
    }

    public Task<StepResult> ApplyAsync(StepContext context, CancellationToken cancellationToken) =>
        throw new StepFailedException("CheckAccounts has nothing to apply: its observe either finds every account or fails.") { Retryable = false };

    private static async Task<(JsonObject Ids, List<string> Unknown)> ResolveAllAsync(
        StepContext context,
        IReadOnlyList<string> names,
        Func<StepContext, string, CancellationToken, Task<long?>> find,
        CancellationToken cancellationToken)
    {
        var ids = new JsonObject();
        var unknown = new List<string>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (await find(context, name, cancellationToken) is { } id)
            {
                ids[name] = id;
            }
            else
            {
                unknown.Add(name);
            }
        }

        return (ids, unknown);
    }
}
