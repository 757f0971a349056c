using System.Net;
using RadCnn.Dicom.Network.Upper;

namespace RadCnn.Dicom.Network.Listener;

/// <summary>Whether an association request may proceed, and if not, the A-ASSOCIATE-RJ reason (PS3.8 table 9-21).</summary>
internal static class AssociationAdmission
{
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

        return overLimit ? AssociateRejection.LocalLimitExceeded : null;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
