using Messier.Workflows.Activities;

namespace Messier.Host.Accounts;

/// <summary>Registers the activities that check the host's users and groups.</summary>
internal static class AccountActivities
{
    public static void Register(ActivityRegistry registry)
    {
        registry.Register(new CheckAccountsActivity());
    }
}
