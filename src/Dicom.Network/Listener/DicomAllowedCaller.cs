using System.Net;

namespace RadCnn.Dicom.Network.Listener;

/// <summary>A calling AE title the listener accepts, optionally only from one IP address.</summary>
public sealed record DicomAllowedCaller(string AeTitle, IPAddress? Address = null);
