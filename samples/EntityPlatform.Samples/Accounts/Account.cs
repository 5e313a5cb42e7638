using System.Text.Json.Serialization;
using EntityPlatform.Entities.Model;

namespace EntityPlatform.Samples.Accounts;

/// <summary>A bank account that never goes negative: an overdraft is rejected with the reason.</summary>
public sealed class Account : EntityType<AccountState, AccountCommand, AccountEvent>
{
    public override AccountState Initial => new(Balance: 0, Transactions: 0);

    public override Decision<AccountEvent> Decide(AccountState state, AccountCommand command) => command switch
    {
        AccountCommand.Deposit { Amount: <= 0 } deposit =>
            Decision<AccountEvent>.Reject($"deposit amount must be positive, got {deposit.Amount}"),
        AccountCommand.Deposit deposit => Decision<AccountEvent>.Accept(new AccountEvent.Deposited(deposit.Amount)),
        AccountCommand.Withdraw { Amount: <= 0 } withdraw =>
            Decision<AccountEvent>.Reject($"withdrawal amount must be positive, got {withdraw.Amount}"),
        AccountCommand.Withdraw withdraw when withdraw.Amount > state.Balance =>
            Decision<AccountEvent>.Reject($"insufficient funds: balance {state.Balance}, withdrawal {withdraw.Amount}"),
        AccountCommand.Withdraw withdraw => Decision<AccountEvent>.Accept(new AccountEvent.Withdrawn(withdraw.Amount)),
        _ => Decision<AccountEvent>.Reject($"unknown account command {command.GetType().Name}"),
    };

    public override AccountState Apply(AccountState state, AccountEvent @event) => @event switch
    {
        AccountEvent.Deposited deposited => new(state.Balance + deposited.Amount, state.Transactions + 1),
        AccountEvent.Withdrawn withdrawn => new(state.Balance - withdrawn.Amount, state.Transactions + 1),
        _ => state,
    };

    public override void DefineQueries(QueryRegistry<AccountState> queries)
    {
        queries.Add<Unit, long>("balance", (state, _) => state.Balance);
        queries.AddState();
    }
}

public sealed record AccountState(long Balance, long Transactions);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Deposit), "deposit")]
[JsonDerivedType(typeof(Withdraw), "withdraw")]
public abstract record AccountCommand
{
    public sealed record Deposit(long Amount) : AccountCommand;

    public sealed record Withdraw(long Amount) : AccountCommand;
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Deposited), "deposited")]
[JsonDerivedType(typeof(Withdrawn), "withdrawn")]
public abstract record AccountEvent
{
    public sealed record Deposited(long Amount) : AccountEvent;

    public sealed record Withdrawn(long Amount) : AccountEvent;
}
