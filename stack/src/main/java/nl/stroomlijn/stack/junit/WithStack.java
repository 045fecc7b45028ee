package nl.stroomlijn.stack.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class's methods and constructor a {@link nl.stroomlijn.stack.Stack} parameter:
 * one stack per test JVM, of the mode {@link nl.stroomlijn.stack.StackMode#fromSettings()} selects.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(StackExtension.class)
public @interface WithStack {
}
