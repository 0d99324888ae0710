using Messier.Workflows.Activities;
using Messier.Workflows.Definitions;

namespace Messier.Workflows.Tests.Fuzzing;

/// <summary>
/// Finds definitions by name for the Call steps of a dry run: the case's own (mutated) definition
/// by its name, so a definition that calls itself really does, and the corpus for the rest.
/// </summary>
internal sealed class CaseDefinitions(ActivityRegistry registry, WorkflowDefinition self) : IDefinitionResolver
{
    public DefinitionLoadResult Resolve(string name)
    {
        if (name == self.Name)
        {
            return new DefinitionLoadResult(self, []);
        }

        return DefinitionCorpus.EngineOnlyByName.TryGetValue(name, out var json)
            ? new DefinitionLoader(registry).Load(json, name + ".json")
            : new DefinitionLoadResult(null, [new ValidationError(name, "$", null, null, "no such definition in the fuzz corpus")]);
    }
}
