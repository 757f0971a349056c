namespace RadCnn.Dicom.Network.Negotiation;

/// <summary>Non-storage SOP classes the network layer names.</summary>
internal static class SopClasses
{
    public const string Verification = "1.2.840.10008.1.1";
}
