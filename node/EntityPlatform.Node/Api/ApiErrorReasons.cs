namespace EntityPlatform.Node.Api;

/// <summary>
/// Machine-readable reasons for errors whose status code alone does not tell a client what to do. Sent in
/// the <see cref="Header"/> response trailer (documented in entity.proto).
/// </summary>
public static class ApiErrorReasons
{
    public const string Header = "ep-error-reason";

    /// <summary>FAILED_PRECONDITION: the client session expired on the shard; the command was not applied now.</summary>
    public const string SessionExpired = "SESSION_EXPIRED";
}
