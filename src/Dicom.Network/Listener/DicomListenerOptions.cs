using System.Net;
using RadCnn.Dicom.Network.Storage;
using RadCnn.Dicom.Network.Tls;

namespace RadCnn.Dicom.Network.Listener;

/// <summary>Configuration of a <see cref="DicomListener"/> (the storage and verification SCP).</summary>
public sealed class DicomListenerOptions
{
    /// <summary>TCP port; 0 picks a free one (see <see cref="DicomListener.LocalEndPoint"/>).</summary>
    public int Port { get; set; } = 104;

    public IPAddress BindAddress { get; set; } = IPAddress.Any;

    /// <summary>This node's AE title; associations called for another title are rejected.</summary>
    public string AeTitle { get; set; } = "RADCNN";

    /// <summary>Callers allowed to associate; empty means any calling AE title from anywhere.</summary>
    public IList<DicomAllowedCaller> AllowedCallers { get; } = [];

    /// <summary>
    /// User identities (PS3.7 D.3.3.7) the calling AEs named here must present, as a second factor
    /// beside <see cref="AllowedCallers"/>: an association from such an AE without the identity, or
    /// with a wrong one, is rejected. Callers not named here are not asked for one.
    /// </summary>
    public IList<DicomCallerCredential> Credentials { get; } = [];

    /// <summary>Established associations (A-ASSOCIATE-RQ received) served at once; more are rejected transiently (local limit exceeded).</summary>
    public int MaxConcurrentAssociations { get; set; } = 32;

    /// <summary>
    /// Connections that have not yet sent their A-ASSOCIATE-RQ, a budget of their own: half-open
    /// connections (a peer that connects and stalls) fill this, never the slots of established
    /// associations; beyond it new connections are closed at once.
    /// </summary>
    public int MaxPendingConnections { get; set; } = 256;

    /// <summary>How long a new connection may take to deliver its whole A-ASSOCIATE-RQ (TLS handshake included); the shorter of this and <see cref="ArtimTimeout"/> applies.</summary>
    public TimeSpan PreAssociationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an established association may stay silent before it is aborted.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Association request/release timer (PS3.8 ARTIM): how long a new connection may take to send its A-ASSOCIATE-RQ.</summary>
    public TimeSpan ArtimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest P-DATA-TF PDU this side receives; bounds each association's buffer.</summary>
    public int MaxPduLength { get; set; } = 256 * 1024;

    /// <summary>
    /// Bytes of an instance written before the kernel is asked to start writing them out
    /// (sync_file_range), while the rest still arrives; 0 starts the write-out only once the last
    /// fragment is in. Each request is a separate submission to the block device, CPU the receiver
    /// pays in its own context (on a virtual disk each one also exits to the hypervisor); a larger
    /// step makes fewer, larger writes and leaves more for the final fsync to wait for.
    /// </summary>
    public long WriteBehindBytes { get; set; } = DefaultWriteBehindBytes;

    /// <summary>
    /// The default of <see cref="WriteBehindBytes"/>, 1 MB: a CT or MR slice is written out in one
    /// piece once it is in, a large multi-frame object in steps, so its dirty pages stay bounded
    /// and its final fsync short (128 kB steps cost more CPU per instance than the earlier start
    /// saved: README, "The write-out step").
    /// </summary>
    public const long DefaultWriteBehindBytes = 1024 * 1024;

    /// <summary>Where instances are streamed while they arrive; on the same file system as the handler's destination so it can rename.</summary>
    public string TempDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "radcnn-incoming");

    /// <summary>Below this much free space in <see cref="TempDirectory"/> instances are refused with Out of Resources.</summary>
    public long MinimumFreeBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Parse each received data set (values left on disk) before the handler sees it; unparseable ones get Cannot Understand.</summary>
    public bool ValidateDataSets { get; set; } = true;

    /// <summary>
    /// Received files are the durable copies: they get names without the temporary prefix, their
    /// directory entries are made durable (one batched directory fsync covers every file created since
    /// the last, see <see cref="Storage.DirectorySync"/>), and their SHA-256 is computed while they stream
    /// in, so a handler keeps a file where it lies (<see cref="Storage.DicomReceivedInstance.KeepFile"/>)
    /// without a rename, a directory fsync of its own or a second read. The listener then sweeps no
    /// leftovers from <see cref="TempDirectory"/>: its owner knows which files it kept.
    /// </summary>
    public bool FilesStayInPlace { get; set; }

    /// <summary>
    /// With <see cref="FilesStayInPlace"/>: the handler is called while the content's fsync is still
    /// under way (<see cref="Storage.DicomReceivedInstance.ContentDurable"/>), so that its own durable
    /// write (a database commit) overlaps it instead of following it. The response still waits for
    /// both; a handler that records the file must make its record recoverable should the content
    /// never reach the disk.
    /// </summary>
    public bool OverlapContentFlush { get; set; }

    /// <summary>
    /// How each instance's content is made durable before its response: its own fsync, or a flush
    /// shared with the concurrent associations (see <see cref="ContentFlushMode"/>).
    /// </summary>
    public ContentFlushMode ContentFlush { get; set; } = ContentFlushMode.PerFile;

    /// <summary>DICOM TLS; null for plain TCP.</summary>
    public DicomServerTlsOptions? Tls { get; set; }

    public string ImplementationClassUid { get; set; } = DicomImplementation.ClassUid;

    public string ImplementationVersionName { get; set; } = DicomImplementation.VersionName;
}
