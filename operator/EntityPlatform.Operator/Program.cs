using EntityPlatform.Operator.Host;

// The operator's entry point; OperatorHost holds the wiring so that tests can run it in-process.
try
{
    var arguments = OperatorArguments.Parse(args);
    return await OperatorHost.RunAsync(arguments, Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"entityplatform-operator: {error.Message}");
    return 2;
}
