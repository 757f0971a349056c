
namespace RadCnn.TestSupport;

/// <summary>DCMTK's network tools, with Nagle off (Debian's build leaves it on unless TCP_NODELAY=1 is set).</summary>
public static class Dcmtk
{
    public static readonly IDictionary<string, string> NoDelay = new Dictionary<string, string> { ["TCP_NODELAY"] = "1" };

    public static ProcessResult Echo(int port, string calledAe = "RADCNN", string callingAe = "ECHOSCU", params string[] extra)
        => Peers.Run(Peers.Require("echoscu", "dcmtk"), ["-aet", callingAe, "-aec", calledAe, .. extra, "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(60), environment: NoDelay);

    public static ProcessResult Store(int port, IEnumerable<string> files, string calledAe = "RADCNN", string callingAe = "STORESCU", params string[] extra)
        => Peers.Run(Peers.Require("storescu", "dcmtk"), ["-aet", callingAe, "-aec", calledAe, .. extra, "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. files], TimeSpan.FromMinutes(3), environment: NoDelay);
}
