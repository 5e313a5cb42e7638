namespace EntityPlatform.Entities.Model;

/// <summary>Named read-only queries over an entity's state.</summary>
public sealed class QueryRegistry<TState>
{
    private readonly Dictionary<string, QueryHandler<TState>> handlers = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, QueryHandler<TState>> Handlers => handlers;

    public QueryRegistry<TState> Add<TQuery, TResult>(string name, Func<TState, TQuery, TResult> handler)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A query needs a name.", nameof(name));
        }

        if (!handlers.TryAdd(name, new QueryHandler<TState>(typeof(TQuery), typeof(TResult), (state, query) => handler(state, (TQuery)query!))))
        {
            throw new ArgumentException($"Query '{name}' is registered twice.", nameof(name));
        }

        return this;
    }

    /// <summary>A query that takes no input and returns the whole state.</summary>
    public QueryRegistry<TState> AddState(string name = "state") =>
        Add<Unit, TState>(name, (state, _) => state);
}

/// <summary>A query's types and its untyped invoker.</summary>
public sealed record QueryHandler<TState>(Type QueryType, Type ResultType, Func<TState, object?, object?> Invoke);

/// <summary>The empty query input.</summary>
public readonly record struct Unit;
