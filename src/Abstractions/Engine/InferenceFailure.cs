namespace RadCnn.Abstractions.Engine;

/// <summary>Why the engine could not serve a request; carried by <see cref="InferenceException"/>.</summary>
public enum InferenceFailure
{
    /// <summary>The model's forward pass (or its creation) threw.</summary>
    ModelThrew = 0,

    /// <summary>The input tensor does not match the registered shape or is not a floating-point tensor.</summary>
    InvalidInput = 1,

    /// <summary>The input holds NaN or infinite values.</summary>
    NonFiniteInput = 2,

    /// <summary>The model returned NaN or infinite values, or a batch of the wrong size.</summary>
    InvalidOutput = 3,

    /// <summary>The engine's queue is full; retry later.</summary>
    QueueFull = 4,

    /// <summary>The model was unregistered (its handle disposed) or the engine was shut down.</summary>
    ModelUnavailable = 5,

    /// <summary>The request asks for something the model does not offer (Grad-CAM without a feature layer, a class out of range).</summary>
    NotSupported = 6,
}
