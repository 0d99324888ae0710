using System.Text.Json.Nodes;

namespace Messier.Workflows.Activities.Contracts;

/// <summary>An instant activity that can suspend on a bookmark and is later resumed (Approve).</summary>
public interface IResumableActivity : IInstantActivity
{
    InstantResult Resume(InstantContext context, JsonNode? payload);
}
