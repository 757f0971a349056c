using System.Net;
using RadCnn.Dicom.Network.Upper;

namespace RadCnn.Dicom.Network.Listener;

/// <summary>Whether an association request may proceed, and if not, the A-ASSOCIATE-RJ reason (PS3.8 table 9-21).</summary>
internal static class AssociationAdmission
{
    /// <summary>The smallest maximum PDU length a peer may announce (0 means unlimited); DCMTK's floor too. Smaller cannot carry a command set.</summary>
    public const uint MinimumPeerPduLength = 4096;

    public static AssociateRejection? Check(AssociateRequest request, DicomListenerOptions options, IPAddress? remote, bool overLimit)
    {
        if ((request.ProtocolVersion & 1) == 0)
        {
            return AssociateRejection.ProtocolVersionNotSupported;
        }

        if (request.ApplicationContext != AssociateCodec.DicomApplicationContext)
        {
            return AssociateRejection.ApplicationContextNotSupported;
        }

        if (!string.Equals(request.CalledAeTitle, options.AeTitle, StringComparison.Ordinal))
        {
            return AssociateRejection.CalledAeNotRecognized;
        }

        if (options.AllowedCallers.Count > 0 && !options.AllowedCallers.Any(c =>
                string.Equals(c.AeTitle, request.CallingAeTitle, StringComparison.Ordinal)
                && (c.Address is null || (remote is not null && Normalize(c.Address).Equals(Normalize(remote))))))
        {
            return AssociateRejection.CallingAeNotRecognized;
        }

        var credentials = options.Credentials.Where(c => string.Equals(c.AeTitle, request.CallingAeTitle, StringComparison.Ordinal)).ToList();
        if (credentials.Count > 0 && !credentials.Any(c => c.Verify(request.UserInformation.Identity)))
        {
            // PS3.7 D.3.3.7: an identity that is required and missing or wrong is rejected, with no reason given.
            return AssociateRejection.NoReasonGiven;
        }

        if (request.UserInformation.MaxPduLength is > 0 and < MinimumPeerPduLength)
        {
            // Accepting and then failing to send a single response would look like a network fault to the peer.
            return AssociateRejection.NoReasonGiven;
        }

        return overLimit ? AssociateRejection.LocalLimitExceeded : null;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
