package nl.stroomlijn.stack.junit;

import nl.stroomlijn.stack.ContainerStack;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.StackMode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link Stack} parameters with one stack per mode for the whole test JVM: started
 * lazily by the first test that asks, kept in the root store and closed when the run ends.
 *
 * <p>Use {@link WithStack} for the mode of the setting, or
 * {@code @RegisterExtension static StackExtension stack = StackExtension.pinnedTo(StackMode.EMBEDDED)}
 * for a test that is about one particular mode.
 */
public final class StackExtension implements ParameterResolver {

  static final String NO_DOCKER = "no Docker engine: set " + StackMode.ENV
      + "=embedded (the default) to run these tests on the embedded stack";

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);

  private final StackMode pinnedMode;

  /** The mode of the setting ({@link StackMode#fromSettings()}). */
  public StackExtension() {
    this(null);
  }

  private StackExtension(StackMode pinnedMode) {
    this.pinnedMode = pinnedMode;
  }

  /** Always this mode, whatever the setting says. */
  public static StackExtension pinnedTo(StackMode mode) {
    return new StackExtension(mode);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Stack.class;
  }

  @Override
  public Stack resolveParameter(ParameterContext parameter, ExtensionContext context) {
    StackMode mode = pinnedMode != null ? pinnedMode : StackMode.fromSettings();
    if (mode == StackMode.CONTAINERS && !ContainerStack.dockerAvailable()) {
      Assumptions.abort(NO_DOCKER);
    }
    // Stack is AutoCloseable: JUnit closes it when the root context (the whole run) ends.
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(mode, StackMode::start, Stack.class);
  }
}
