package dev.walnut.designer.auth;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a designer user may do. A viewer reads scenarios, validates and watches deployments; an
 * editor also creates, saves, archives and test-runs; a deployer deploys and cancels; an admin does
 * everything, including managing users. Editor and deployer each include viewer, but not each
 * other: deploying is a separate permission from editing.
 */
public enum Role {
  VIEWER,
  EDITOR,
  DEPLOYER,
  ADMIN;

  /** The name in the API and the database: {@code viewer}, ... */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether holding {@code held} allows what needs this role. */
  public boolean grantedBy(Collection<Role> held) {
    return held.contains(this)
        || held.contains(ADMIN)
        || (this == VIEWER && (held.contains(EDITOR) || held.contains(DEPLOYER)));
  }

  /** A role by its API name; the message lists the valid ones. */
  public static Role of(String name) {
    for (Role r : values()) {
      if (r.json().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown role `"
            + name
            + "`; roles are "
            + Arrays.stream(values()).map(Role::json).toList());
  }

  /** Roles as stored: {@code editor,deployer}. */
  public static String format(Set<Role> roles) {
    return roles.stream().sorted().map(Role::json).collect(Collectors.joining(","));
  }

  public static Set<Role> parse(String stored) {
    Set<Role> out = EnumSet.noneOf(Role.class);
    if (stored != null) {
      for (String s : stored.split(",")) {
        if (!s.isBlank()) {
          out.add(of(s.trim()));
        }
      }
    }
    return out;
  }
}
