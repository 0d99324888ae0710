namespace Messier.Testing;

/// <summary>Which build configuration the tests were built in, so they start the matching messier binary.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class BuildConfigurationAttribute(string configuration) : Attribute
{
    public string Configuration { get; } = configuration;
}
