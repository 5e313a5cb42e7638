using EntityPlatform.Node.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EntityPlatform.Node.Hosting;

/// <summary>One port of a <see cref="GrpcServer"/>: its number (0: a free one), protocols, and TLS (null: plaintext).</summary>
public sealed record ListenEndpoint(int Port, HttpProtocols Protocols, ServerTls? Tls = null);
