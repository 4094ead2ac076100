package io.fnm.core;

import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficRecord;

import java.util.List;

/**
 * What the engine runs for each action: the application's action under its unique name, reporting a
 * {@link VirtualMachineError} it throws to the engine (which fails) before the action runner sees it.
 */
final class GuardedAction implements AttackAction
{
    private final AttackAction delegate;
    private final String name;
    private final EngineSupervisor supervisor;

    GuardedAction(final AttackAction delegate, final String name, final EngineSupervisor supervisor)
    {
        this.delegate = delegate;
        this.name = name;
        this.supervisor = supervisor;
    }

    AttackAction delegate()
    {
        return delegate;
    }

    @Override
    public void onBan(final Attack attack) throws Exception
    {
        try
        {
            delegate.onBan(attack);
        }
        catch (final VirtualMachineError error)
        {
            throw fatal(error);
        }
    }

    @Override
    public void onAttackDetails(final Attack attack, final List<TrafficRecord> records) throws Exception
    {
        try
        {
            delegate.onAttackDetails(attack, records);
        }
        catch (final VirtualMachineError error)
        {
            throw fatal(error);
        }
    }

    @Override
    public void onUnban(final Attack attack) throws Exception
    {
        try
        {
            delegate.onUnban(attack);
        }
        catch (final VirtualMachineError error)
        {
            throw fatal(error);
        }
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public void counters(final CounterVisitor visitor)
    {
        delegate.counters(visitor);
    }

    private VirtualMachineError fatal(final VirtualMachineError error)
    {
        supervisor.fatal(this, "action " + name, error);
        return error;
    }

    @Override
    public String toString()
    {
        return name;
    }
}
