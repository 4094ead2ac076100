package io.fnm.examples;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BOM lists every published library module at the parent's version, and the parent builds it.
 */
class PublishingTest
{
    private static final Path ROOT = Path.of("..");
    private static final List<String> NOT_LIBRARIES = List.of("fnm-bom", "examples", "benchmarks");

    @Test
    void shouldListEveryLibraryModuleInTheBomAtTheParentsVersion() throws Exception
    {
        final Document parent = read(ROOT.resolve("pom.xml"));
        final Document bom = read(ROOT.resolve("fnm-bom/pom.xml"));
        final List<String> modules = texts(parent, "module");
        final List<String> libraries = new ArrayList<>(modules);
        libraries.removeAll(NOT_LIBRARIES);

        assertThat(modules).contains("fnm-bom");
        assertThat(texts(bom, "artifactId")).containsAll(libraries);
        assertThat(child(bom.getDocumentElement(), "version"))
            .isEqualTo(child(parent.getDocumentElement(), "version"));
    }

    private static Document read(final Path pom) throws Exception
    {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static List<String> texts(final Document document, final String tag)
    {
        final List<String> values = new ArrayList<>();
        final NodeList nodes = document.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++)
        {
            values.add(nodes.item(i).getTextContent().trim());
        }
        return values;
    }

    private static String child(final Element element, final String tag)
    {
        final NodeList nodes = element.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++)
        {
            if (tag.equals(nodes.item(i).getNodeName()))
            {
                return nodes.item(i).getTextContent().trim();
            }
        }
        return null;
    }
}
