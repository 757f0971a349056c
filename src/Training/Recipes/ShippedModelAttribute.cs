namespace RadCnn.Training.Recipes;

/// <summary>
/// Names the model in the plugin's plugin.json that this recipe's training produced, so that
/// <c>radcnn eval TASK</c> without <c>--weights</c> evaluates the installed plugin's shipped,
/// SHA-pinned weights.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ShippedModelAttribute(string modelName) : Attribute
{
    /// <summary>The <c>name</c> of the model entry in plugin.json.</summary>
    public string ModelName { get; } = modelName;
}
