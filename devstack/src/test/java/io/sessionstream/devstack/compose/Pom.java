package io.sessionstream.devstack.compose;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** What the consistency test needs from a module's {@code pom.xml}: coordinates, dependencies, properties. */
record Pom(Path file, Element project) {

    /** A dependency as declared (scope {@code compile} when none is written). */
    record Dependency(String groupId, String artifactId, String scope) {
        /** On the runtime classpath of the module's jar. */
        boolean atRuntime() {
            return Set.of("compile", "runtime").contains(scope);
        }
    }

    static Pom read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no pom.xml at " + file);
        }
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            return new Pom(file, factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement());
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + file, e);
        }
    }

    String artifactId() {
        return text(project, "artifactId");
    }

    /** The module's own version, else its parent's. */
    String version() {
        String own = text(project, "version");
        return own != null ? own : text(child(project, "parent"), "version");
    }

    /** A {@code <properties>} entry, or null. */
    String property(String name) {
        return text(child(project, "properties"), name);
    }

    /** The {@code <modules>} of an aggregator pom. */
    List<String> modules() {
        return texts(child(project, "modules"), "module");
    }

    /** The direct {@code <dependencies>} (not dependency management, not plugin dependencies). */
    List<Dependency> dependencies() {
        List<Dependency> deps = new ArrayList<>();
        Element list = child(project, "dependencies");
        for (Element dep : children(list, "dependency")) {
            String scope = text(dep, "scope");
            deps.add(new Dependency(text(dep, "groupId"), text(dep, "artifactId"), scope == null ? "compile" : scope));
        }
        return deps;
    }

    /** The build plugins' artifact ids. */
    List<String> plugins() {
        Element plugins = child(child(project, "build"), "plugins");
        return children(plugins, "plugin").stream().map(p -> text(p, "artifactId")).toList();
    }

    /** The text of the first element named {@code name} anywhere in this pom, or null. */
    String firstAnywhere(String name) {
        NodeList found = project.getElementsByTagName(name);
        return found.getLength() == 0 ? null : found.item(0).getTextContent().trim();
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        if (parent == null) {
            return result;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                result.add(e);
            }
        }
        return result;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static List<String> texts(Element parent, String name) {
        return children(parent, name).stream().map(e -> e.getTextContent().trim()).toList();
    }
}
