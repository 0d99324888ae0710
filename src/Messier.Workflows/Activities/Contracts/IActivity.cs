using Messier.Workflows.Activities.Descriptors;

namespace Messier.Workflows.Activities.Contracts;

/// <summary>
/// An activity type. Instances of it are stateless and shared: everything an execution needs lives
/// in the context and the frame, so the interpreter's position stays plain data.
/// </summary>
public interface IActivity
{
    ActivityDescriptor Descriptor { get; }
}
