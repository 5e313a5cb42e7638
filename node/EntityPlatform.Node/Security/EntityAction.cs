namespace EntityPlatform.Node.Security;

/// <summary>What a client call does to an entity type; authorization is granted per entity type and action.</summary>
public enum EntityAction
{
    /// <summary>EntityService.Command: decide and record events.</summary>
    Command,

    /// <summary>EntityService.Query: read state.</summary>
    Query,

    /// <summary>EntityService.Subscribe: stream committed events.</summary>
    Subscribe,
}
