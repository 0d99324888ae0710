using System.Text.Json.Nodes;
using Messier.Workflows.Definitions;
using Messier.Workflows.Journal;

namespace Messier.Studio.Views;

/// <summary>A pinned definition with its loaded form and graph (null when it no longer loads).</summary>
internal sealed record PinnedView(PinnedDefinition Pinned, WorkflowDefinition? Definition, JsonObject? Graph, IReadOnlyList<string> Errors);
