namespace EntityPlatform.Kubernetes.Config;

/// <summary>
/// A token read from a file and re-read when it may have rotated. The kubelet rewrites projected
/// service-account tokens well before they expire (at 80% of their lifetime), so re-reading once a
/// minute, as client-go does, always picks up the new token in time. A 401 forces an immediate re-read.
/// </summary>
public sealed class FileTokenSource : ITokenSource
{
    private readonly string _path;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private string? _token;
    private DateTimeOffset _readAt;

    public FileTokenSource(string path, TimeSpan? refreshInterval = null, TimeProvider? time = null)
    {
        _path = path;
        _refreshInterval = refreshInterval ?? TimeSpan.FromMinutes(1);
        _time = time ?? TimeProvider.System;
    }

    public string GetToken()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_token is null || now - _readAt >= _refreshInterval)
            {
                _token = Read();
                _readAt = now;
            }
            return _token;
        }
    }

    public void Invalidate()
    {
        lock (_gate)
        {
            _token = null;
        }
    }

    private string Read()
    {
        string text;
        try
        {
            text = File.ReadAllText(_path);
        }
        catch (IOException e)
        {
            throw new Errors.KubernetesConfigException($"Cannot read the bearer token file '{_path}': {e.Message}", e);
        }
        var token = text.Trim();
        return token.Length > 0
            ? token
            : throw new Errors.KubernetesConfigException($"The bearer token file '{_path}' is empty.");
    }
}
