namespace RadCnn.Abstractions.Plugins;

/// <summary>The plugin interface as contract 0.9 had it: synchronous, string in, string out.</summary>
public interface IRadCnnPlugin
{
    string Name { get; }

    string Process(string item);
}
