using RadCnn.Dicom.Network.Upper;

namespace RadCnn.Dicom.Network.Negotiation;

/// <summary>
/// The acceptor's answer to each proposed presentation context: Verification and every standard
/// storage SOP class, in the first transfer syntax this side prefers among those offered.
/// </summary>
internal static class AssociationNegotiator
{
    public static IReadOnlyList<PresentationContextAnswer> Answer(IEnumerable<PresentationContextProposal> proposals)
    {
        var answers = new List<PresentationContextAnswer>();
        foreach (var proposal in proposals)
        {
            if (proposal.Id % 2 == 0)
            {
                // Presentation context IDs are odd (PS3.8 9.3.2.2); an even one cannot be answered meaningfully.
                answers.Add(new PresentationContextAnswer(proposal.Id, PresentationContextResult.NoReason, string.Empty));
                continue;
            }

            if (proposal.AbstractSyntax != SopClasses.Verification && !StorageSopClasses.All.Contains(proposal.AbstractSyntax))
            {
                answers.Add(new PresentationContextAnswer(proposal.Id, PresentationContextResult.AbstractSyntaxNotSupported, string.Empty));
                continue;
            }

            var chosen = Choose(proposal.TransferSyntaxes);
            answers.Add(chosen is null
                ? new PresentationContextAnswer(proposal.Id, PresentationContextResult.TransferSyntaxesNotSupported, string.Empty)
                : new PresentationContextAnswer(proposal.Id, PresentationContextResult.Acceptance, chosen));
        }

        return answers;
    }

    private static string? Choose(IReadOnlyList<string> offered)
    {
        // The peer lists syntaxes in its order of preference; a compressed first choice is kept
        // (storing as received avoids a lossy round trip). Among the uncompressed ones explicit VR
        // little endian wins because it keeps the VRs.
        var first = offered.FirstOrDefault(TransferSyntaxes.IsAccepted);
        if (first is null || TransferSyntaxes.Encapsulated.Contains(first) || first == TransferSyntaxes.DeflatedExplicitVrLittleEndian)
        {
            return first;
        }

        return offered.Contains(TransferSyntaxes.ExplicitVrLittleEndian) ? TransferSyntaxes.ExplicitVrLittleEndian : first;
    }
}
