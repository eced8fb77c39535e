// iconpng SVG SIZE PNG: renders the lab's scalable icon at SIZE×SIZE pixels for the hicolor theme's fixed sizes.
// Built and run at build time, so the PNGs always match the SVG.
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    bool sizeOk = false;
    const int size = arguments.value(2).toInt(&sizeOk);
    QTextStream err(stderr);
    if (arguments.size() != 4 || !sizeOk || size <= 0 || size > 4096) {
        err << "usage: iconpng SVG SIZE PNG\n";
        return 2;
    }
    QSvgRenderer renderer(arguments.at(1));
    if (!renderer.isValid()) {
        err << "iconpng: " << arguments.at(1) << ": not a valid SVG\n";
        return 1;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    renderer.render(&painter);
    painter.end();
    if (!image.save(arguments.at(3), "PNG")) {
        err << "iconpng: cannot write " << arguments.at(3) << '\n';
        return 1;
    }
    return 0;
}
